return await LibreFang.Samples.Echo.EchoAdapter.RunAsync(args);
