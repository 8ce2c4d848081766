namespace Lanyard.Configuration.Validation;

/// <summary>
/// The authorize request's extras: <c>approval_prompt</c>, <c>acr_values</c>, <c>auth_request_response_mode</c>,
/// PKCE's <c>code_challenge_method</c> (and its deprecated name) and <c>insecure_oidc_skip_nonce</c>.
/// </summary>
internal static class SignInRequestBinder
{
    public static SignInRequestOptions Bind(SettingReader read)
    {
        // oauth2-proxy's legacy options: prompt wins; else approval_prompt (default force) goes out as itself.
        var approvalPrompt = read.String("prompt") is { Length: > 0 } ? null : Token(read, "approval_prompt", read.String("approval_prompt") ?? "force");
        var acrValues = read.String("acr_values")?.Trim();
        if (acrValues is { Length: > 0 } && acrValues.Any(c => char.IsControl(c) || c > '~'))
        {
            read.Fail("acr_values", "must be space-separated ACR values of printable ASCII");
        }

        return new SignInRequestOptions(
            approvalPrompt,
            acrValues is { Length: > 0 } ? acrValues : null,
            ResponseMode(read),
            SendNonce: !read.Bool("insecure_oidc_skip_nonce", false),
            CodeChallengeMethod: BindCodeChallengeMethod(read));
    }

    private static string? Token(SettingReader read, string key, string value)
    {
        value = value.Trim();
        if (value.Length == 0)
        {
            return null;
        }

        if (!value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            read.Fail(key, $"'{value}' is not an approval prompt (oauth2-proxy's default is force)");
            return null;
        }

        return value;
    }

    private static string? ResponseMode(SettingReader read)
    {
        var mode = read.String("auth_request_response_mode")?.Trim();
        switch (mode)
        {
            case null or "":
                return null;
            case "query":
                return mode;
            case "form_post":
                read.Fail("auth_request_response_mode", "'form_post' is refused: the provider would POST the code back cross-site, and the sign-in cookie that binds the attempt to this browser is SameSite=Lax, which browsers do not send with a cross-site POST; Lanyard's callback takes the code from the query (use query, the code flow's default)");
                return null;
            case "fragment":
                read.Fail("auth_request_response_mode", "'fragment' is refused: a URL fragment never reaches the server, so the callback would get no code; use query");
                return null;
            default:
                read.Fail("auth_request_response_mode", $"'{mode}' is not a response mode Lanyard can receive; use query");
                return null;
        }
    }

    /// <summary>
    /// Lanyard always uses PKCE with S256 (RFC 7636 §4.2), so S256 is accepted and changes nothing. oauth2-proxy
    /// uses PKCE only when this is set, and also offers plain, which Lanyard refuses: plain puts the verifier itself
    /// in the authorize URL, where browser history, logs and proxies see it, and §7.2 allows it only where S256
    /// cannot be used, which is no provider Lanyard supports.
    /// </summary>
    private static string? BindCodeChallengeMethod(SettingReader read)
    {
        var current = Method(read, "code_challenge_method");
        var deprecated = Method(read, "force_code_challenge_method");
        if (current is not null && deprecated is not null && !string.Equals(current, deprecated, StringComparison.Ordinal))
        {
            read.Fail("force_code_challenge_method", $"is the deprecated name of code_challenge_method, which says '{current}'; set only code_challenge_method");
        }

        return current ?? deprecated;
    }

    private static string? Method(SettingReader read, string key)
    {
        var method = read.String(key)?.Trim();
        switch (method)
        {
            case null or "":
                return null;
            case "S256":
                return method;
            case "plain":
                read.Fail(key, "'plain' is refused: it sends the PKCE verifier itself in the authorize URL, so anyone who sees that URL can redeem the code (RFC 7636 §7.2 allows it only where S256 cannot be used); Lanyard always uses S256");
                return null;
            default:
                read.Fail(key, $"'{method}' is not a PKCE method; Lanyard uses S256");
                return null;
        }
    }
}
