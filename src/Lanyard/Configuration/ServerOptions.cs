namespace Lanyard.Configuration;

internal sealed record ServerOptions(ListenAddress HttpAddress);
