namespace Lanyard.Emulator;

/// <summary>A directory file could not be used; the message names the file and every problem found in it.</summary>
public sealed class EmulatorDirectoryException : Exception
{
    public EmulatorDirectoryException()
    {
    }

    public EmulatorDirectoryException(string message)
        : base(message)
    {
    }

    public EmulatorDirectoryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
