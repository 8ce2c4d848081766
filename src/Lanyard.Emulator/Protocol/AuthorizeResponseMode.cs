namespace Lanyard.Emulator.Protocol;

/// <summary>
/// How /authorize hands its answer to the redirect URI (OAuth 2.0 Multiple Response Type Encoding Practices §2.1,
/// Form Post Response Mode; entra-protocol.md §2): in the query, in the fragment, or as an auto-submitted form.
/// </summary>
internal enum AuthorizeResponseMode
{
    Query,
    Fragment,
    FormPost,
}

internal static class AuthorizeResponseModes
{
    /// <summary>The <c>response_mode</c> value, or null for one Entra does not know.</summary>
    public static AuthorizeResponseMode? Parse(string value) => value switch
    {
        "query" => AuthorizeResponseMode.Query,
        "fragment" => AuthorizeResponseMode.Fragment,
        "form_post" => AuthorizeResponseMode.FormPost,
        _ => null,
    };

    public static string Name(this AuthorizeResponseMode mode) => mode switch
    {
        AuthorizeResponseMode.Query => "query",
        AuthorizeResponseMode.Fragment => "fragment",
        _ => "form_post",
    };
}
