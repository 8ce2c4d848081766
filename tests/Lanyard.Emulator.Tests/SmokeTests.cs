namespace Lanyard.Emulator.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Placeholder_Answers() => Assert.Equal(42, Placeholder.Answer);
}
