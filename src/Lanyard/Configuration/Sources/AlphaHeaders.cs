using System.Text;
using Lanyard.Headers;
using Lanyard.Security;

namespace Lanyard.Configuration.Sources;

/// <summary>
/// Alpha config's <c>injectRequestHeaders</c> / <c>injectResponseHeaders</c>. Both value forms are read: the nested
/// one oauth2-proxy requires since v7.14 (<c>claimSource: {claim, prefix}</c>, <c>secretSource: {value}</c>) and
/// the older squashed one (<c>- claim: id_token</c>) that seed 001 and the Kubernetes Dashboard guide still use.
/// A secret's <c>value</c> is base64, as there; <c>fromEnv</c> and <c>fromFile</c> are read at startup.
/// </summary>
internal static class AlphaHeaders
{
    public static IReadOnlyList<InjectedHeader> Read(AlphaNode list, Func<string, string?> environment)
    {
        var headers = new List<InjectedHeader>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items())
        {
            if (item.Fields("name", "preserveRequestValue", "values", "InsecureSkipHeaderNormalization") is not { } fields)
            {
                continue;
            }

            var name = fields.GetValueOrDefault("name")?.Scalar()?.Trim();
            if (string.IsNullOrEmpty(name) || name.Any(c => c <= ' ' || c >= 0x7f || ":()<>@,;\\\"/[]?={}".Contains(c)))
            {
                (fields.GetValueOrDefault("name") ?? item).Fail(name is { Length: > 0 } ? $"'{name}' is not a header name" : "every header needs a name");
                continue;
            }

            if (!names.Add(IdentityHeaderNames.Normalize(name)))
            {
                fields["name"].Fail($"'{name}' is listed twice; header names must be unique");
            }

            var values = new List<HeaderValueSource>();
            var valuesNode = fields.GetValueOrDefault("values");
            foreach (var value in valuesNode?.Items() ?? [])
            {
                if (ValueSource(value, environment) is { } source)
                {
                    values.Add(source);
                }
            }

            if (values.Count == 0)
            {
                (valuesNode ?? item).Fail("needs at least one value (a claim or a secret)");
            }

            var preserve = fields.TryGetValue("preserveRequestValue", out var preserveNode) && preserveNode.Bool() == true;
            headers.Add(new InjectedHeader(name, values, preserve));
        }

        return headers;
    }

    private static HeaderValueSource? ValueSource(AlphaNode value, Func<string, string?> environment)
    {
        if (value.Fields("claimSource", "secretSource", "claim", "prefix", "basicAuthPassword", "value", "fromEnv", "fromFile") is not { } fields)
        {
            return null;
        }

        var nested = fields.ContainsKey("claimSource") || fields.ContainsKey("secretSource");
        var squashed = fields.Keys.Any(k => k is not ("claimSource" or "secretSource"));
        if (nested && squashed || fields.ContainsKey("claimSource") && fields.ContainsKey("secretSource"))
        {
            value.Fail("a value is one claimSource or one secretSource");
            return null;
        }

        if (fields.TryGetValue("claimSource", out var claimSource))
        {
            return claimSource.Fields("claim", "prefix", "basicAuthPassword") is { } claim ? Claim(claimSource, claim, environment) : null;
        }

        if (fields.TryGetValue("secretSource", out var secretSource))
        {
            return Secret(secretSource, environment) is { } secret ? new HeaderValueSource.Fixed(secret) : null;
        }

        if (fields.ContainsKey("claim"))
        {
            if (fields.ContainsKey("value") || fields.ContainsKey("fromEnv") || fields.ContainsKey("fromFile"))
            {
                value.Fail("a value is a claim or a secret, not both");
                return null;
            }

            return Claim(value, fields, environment);
        }

        return Secret(value, environment) is { } fixedValue ? new HeaderValueSource.Fixed(fixedValue) : null;
    }

    private static HeaderValueSource.Claim? Claim(AlphaNode node, Dictionary<string, AlphaNode> fields, Func<string, string?> environment)
    {
        if (fields.GetValueOrDefault("claim")?.Scalar() is not { Length: > 0 } claim)
        {
            node.Fail("claim names the session claim to send (user, email, groups, preferred_username, id_token, access_token, or an ID token claim)");
            return null;
        }

        var prefix = fields.GetValueOrDefault("prefix")?.Scalar() ?? "";
        if (fields.TryGetValue("basicAuthPassword", out var passwordNode))
        {
            return Secret(passwordNode, environment) is { } password ? new HeaderValueSource.Claim(claim, prefix, BasicAuth: true, BasicAuthPassword: password) : null;
        }

        return new HeaderValueSource.Claim(claim, prefix);
    }

    /// <summary>oauth2-proxy's SecretSource: exactly one of <c>value</c> (base64), <c>fromEnv</c>, <c>fromFile</c>.</summary>
    private static Secret? Secret(AlphaNode node, Func<string, string?> environment)
    {
        if (node.Fields("value", "fromEnv", "fromFile") is not { } fields)
        {
            return null;
        }

        if (fields.Count != 1)
        {
            node.Fail("a secret is exactly one of value (base64), fromEnv or fromFile");
            return null;
        }

        var (kind, source) = fields.First();
        var text = source.Scalar() ?? "";
        switch (kind)
        {
            case "value":
                try
                {
                    return new Secret(Encoding.UTF8.GetString(Convert.FromBase64String(text)));
                }
                catch (FormatException)
                {
                    source.Fail("must be base64, as oauth2-proxy's secretSource.value is (e.g. echo -n 'secret' | base64)");
                    return null;
                }

            case "fromEnv":
                if (environment(text) is { } variable)
                {
                    return new Secret(variable);
                }

                source.Fail($"the environment variable '{text}' is not set");
                return null;
            default:
                try
                {
                    return new Secret(File.ReadAllText(text));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
                {
                    source.Fail($"cannot read '{text}': {e.Message}");
                    return null;
                }
        }
    }
}
