using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;

namespace Lanyard.Emulator.Endpoints;

/// <summary>The outcome of a grant: tokens, or the error that refused them.</summary>
internal abstract record TokenOutcome
{
    private TokenOutcome()
    {
    }

    public sealed record Issued(IssuedTokens Tokens) : TokenOutcome;

    public sealed record Failed(EntraError Error) : TokenOutcome;
}
