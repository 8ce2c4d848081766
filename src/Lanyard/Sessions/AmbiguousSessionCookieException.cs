namespace Lanyard.Sessions;

/// <summary>
/// The request carries two different values under the name of one of Lanyard's cookies. Browsers send both when a
/// cookie of the same name was set for a parent domain (cookie tossing from a sibling host, issue 9 finding 8), and
/// nothing can tell which is Lanyard's: the request is refused (400) rather than guessing.
/// </summary>
internal sealed class AmbiguousSessionCookieException(string cookieName)
    : Exception($"The request carries two different '{cookieName}' cookies.")
{
    public string CookieName { get; } = cookieName;
}
