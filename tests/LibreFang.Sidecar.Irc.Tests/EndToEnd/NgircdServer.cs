using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LibreFang.Sidecar.Irc.Tests.EndToEnd;

/// <summary>
/// A real IRC server for one test: Debian's ngircd in the foreground, on free loopback ports, with a generated
/// configuration (and, for TLS, a generated self-signed certificate). Nothing listens beyond 127.0.0.1.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class NgircdServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _config;
    private Process? _process;

    private NgircdServer(string directory, string config, int port, int? tlsPort)
    {
        _directory = directory;
        _config = config;
        Port = port;
        TlsPort = tlsPort;
    }

    public int Port { get; }

    public int? TlsPort { get; }

    public static string Executable =>
        new[] { "/usr/sbin/ngircd", "/usr/bin/ngircd", "/usr/local/sbin/ngircd" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("ngircd is not installed; `apt-get install ngircd` (the CI script does this)");

    public static async Task<NgircdServer> StartAsync(bool tls = false, string? password = null)
    {
        var executable = Executable;
        var directory = Directory.CreateTempSubdirectory("ngircd-").FullName;
        // ngircd drops root privileges to nobody; it must still read its files.
        File.SetUnixFileMode(directory, (UnixFileMode)Convert.ToInt32("755", 8));
        var port = FreePort();
        int? tlsPort = tls ? FreePort() : null;
        var config = Path.Combine(directory, "ngircd.conf");
        var ssl = "";
        if (tls)
        {
            var (cert, key) = WriteSelfSignedCertificate(directory);
            ssl = $"""
                [SSL]
                CertFile = {cert}
                KeyFile = {key}
                Ports = {tlsPort}
                """;
        }
        await File.WriteAllTextAsync(config, $"""
            [Global]
            Name = irc.test.local
            Info = LibreFang test server
            Listen = 127.0.0.1
            Ports = {port}
            MotdPhrase = "test server"
            {(password is null ? "" : "Password = " + password)}
            [Limits]
            MaxNickLength = 30
            PingTimeout = 120
            PongTimeout = 30
            MaxConnectionsIP = 0
            [Options]
            DNS = no
            Ident = no
            PAM = no
            {ssl}
            """);
        File.SetUnixFileMode(config, (UnixFileMode)Convert.ToInt32("644", 8));
        var server = new NgircdServer(directory, config, port, tlsPort);
        await server.LaunchAsync(executable);
        return server;
    }

    /// <summary>Kills the server (every client sees the connection drop) and starts it again on the same ports.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await LaunchAsync(Executable);
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    private async Task LaunchAsync(string executable)
    {
        var info = new ProcessStartInfo(executable, ["--nodaemon", "--config", _config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        foreach (var port in new[] { Port, TlsPort }.OfType<int>())
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"ngircd exited with code {_process.ExitCode} at start; config:\n{await File.ReadAllTextAsync(_config)}");
                }
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static (string Cert, string Key) WriteSelfSignedCertificate(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var certPath = Path.Combine(directory, "cert.pem");
        var keyPath = Path.Combine(directory, "key.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportRSAPrivateKeyPem());
        File.SetUnixFileMode(certPath, (UnixFileMode)Convert.ToInt32("644", 8));
        File.SetUnixFileMode(keyPath, (UnixFileMode)Convert.ToInt32("644", 8));
        return (certPath, keyPath);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
