using Lanyard.Emulator.Protocol;

namespace Lanyard.Emulator.Endpoints;

/// <summary>The outcome of <see cref="ValidateAuthorizeRequest"/>.</summary>
internal abstract record AuthorizeValidation
{
    private AuthorizeValidation()
    {
    }

    public sealed record Valid(AuthorizeRequest Request) : AuthorizeValidation;

    /// <param name="ResponseMode">How the error goes back to the redirect URI: the mode the request asked for when it
    /// named a known one, else the default for its response type.</param>
    public sealed record Invalid(EntraError Error, AuthorizeResponseMode ResponseMode) : AuthorizeValidation;
}
