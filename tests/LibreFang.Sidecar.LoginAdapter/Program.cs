return await LibreFang.Sidecar.LoginAdapter.LoginAdapter.RunAsync(args);
