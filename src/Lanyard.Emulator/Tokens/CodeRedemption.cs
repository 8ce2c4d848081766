namespace Lanyard.Emulator.Tokens;

/// <summary>The outcome of presenting an authorization code: redeemed now, redeemed before, or never issued.</summary>
internal abstract record CodeRedemption
{
    private CodeRedemption()
    {
    }

    public sealed record Redeemed(AuthorizationCode Code) : CodeRedemption;

    public sealed record AlreadyRedeemed : CodeRedemption;

    public sealed record Unknown : CodeRedemption;
}
