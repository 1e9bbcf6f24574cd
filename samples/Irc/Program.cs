return await LibreFang.Samples.Irc.IrcAdapter.RunAsync(args);
