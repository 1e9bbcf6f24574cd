using System.Globalization;
using LibreFang.Samples.EchoHosted;
using LibreFang.Sidecar.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSidecarAdapter<HostedEchoAdapter>(args);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddOptions<EchoOptions>()
    .Configure<IConfiguration>((options, configuration) =>
    {
        if (configuration["ECHO_MAX_LENGTH"] is { Length: > 0 } value)
        {
            options.MaxLength = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
        }
    })
    .Validate(options => options.MaxLength is > 0 and <= 65_536, "ECHO_MAX_LENGTH must be a whole number from 1 to 65536")
    .ValidateOnStart();
return await builder.Build().RunSidecarAsync();
