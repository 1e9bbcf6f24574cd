return await MyAdapter.PlatformAdapter.RunAsync(args);
