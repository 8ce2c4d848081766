using Lanyard.Cli;

return await LanyardCommandLine.RunAsync(args);
