namespace Lanyard.Emulator.Tokens;

/// <summary>The outcome of checking a token the emulator is supposed to have issued itself.</summary>
internal abstract record EmulatorTokenCheck
{
    private EmulatorTokenCheck()
    {
    }

    public sealed record Valid(ParsedJwt Token) : EmulatorTokenCheck;

    /// <summary>Not a compact JWS at all (Graph: "CompactToken parsing failed").</summary>
    public sealed record Malformed : EmulatorTokenCheck;

    /// <summary>Not signed by any key the emulator publishes (unknown <c>kid</c>, wrong algorithm, bad signature).</summary>
    public sealed record BadSignature : EmulatorTokenCheck;

    public sealed record Expired : EmulatorTokenCheck;

    public sealed record NotYetValid : EmulatorTokenCheck;
}
