namespace Lanyard.Emulator;

internal static class Placeholder
{
    public static int Answer => 42;
}
