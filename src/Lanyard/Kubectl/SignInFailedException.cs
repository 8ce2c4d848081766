namespace Lanyard.Kubectl;

/// <summary>A sign-in that cannot go on; the message is the one line <c>get-token</c> prints, and never holds a secret.</summary>
internal sealed class SignInFailedException(string message) : Exception(message)
{
    /// <summary>Entra's <c>error</c>, when the token endpoint said no.</summary>
    public string? Error { get; init; }
}
