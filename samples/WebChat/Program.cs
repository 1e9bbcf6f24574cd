return await LibreFang.Samples.WebChat.WebChatAdapter.RunAsync(args);
