namespace Lanyard.Emulator.Tokens;

/// <summary>The outcome of presenting a refresh token.</summary>
internal abstract record RefreshRedemption
{
    private RefreshRedemption()
    {
    }

    public sealed record Redeemed(SignIn SignIn) : RefreshRedemption;

    public sealed record Unknown : RefreshRedemption;

    public sealed record OtherClient : RefreshRedemption;

    public sealed record Expired : RefreshRedemption;

    public sealed record AlreadyRedeemed : RefreshRedemption;
}
