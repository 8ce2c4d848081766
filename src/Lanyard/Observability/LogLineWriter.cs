using System.Collections.Frozen;

namespace Lanyard.Observability;

/// <summary>
/// Writes a compiled <see cref="LogTemplate"/> with the values oauth2-proxy puts in each field (<c>pkg/logger</c>):
/// <c>-</c> for no user or upstream, the User-Agent and request URI quoted as Go's <c>%q</c> does, the duration in
/// seconds to three decimals, the time as <c>2006/01/02 15:04:05</c>. Every value a client or provider chose is
/// escaped, so none can start a new line or forge another entry; query values that carry credentials
/// (<c>code</c>, <c>access_token</c>, ...) are written as <c>[redacted]</c>.
/// </summary>
internal static class LogLineWriter
{
    /// <summary>Query parameters whose values are credentials (OAuth 2.0 codes and tokens, RFC 6749/6750; PKCE verifiers).</summary>
    private static readonly FrozenSet<string> SecretQueryNames = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "code", "access_token", "id_token", "refresh_token", "token", "client_secret", "code_verifier", "client_assertion", "password");

    public static string Format(LogTemplate template, in LogLineFacts facts)
    {
        var line = new LogLineBuilder(stackalloc char[512]);
        try
        {
            foreach (var part in template.Parts)
            {
                WritePart(ref line, part, in facts);
            }

            return line.ToString();
        }
        finally
        {
            line.Dispose();
        }
    }

    private static void WritePart(ref LogLineBuilder line, LogTemplatePart part, in LogLineFacts facts)
    {
        switch (part.Field)
        {
            case LogField.None:
                line.Append(part.Literal);
                break;
            case LogField.Client:
                if (facts.Client is { } client)
                {
                    line.Append(client);
                }

                break;
            case LogField.Host:
                Plain(ref line, facts.Host);
                break;
            case LogField.Protocol:
                Plain(ref line, facts.Protocol);
                break;
            case LogField.RequestID:
                Plain(ref line, facts.RequestId);
                break;
            case LogField.RequestMethod:
                Plain(ref line, facts.Method);
                break;
            case LogField.Timestamp:
                line.Append(facts.Timestamp, "yyyy/MM/dd HH:mm:ss");
                break;
            case LogField.UserAgent:
                Quoted(ref line, facts.UserAgent);
                break;
            case LogField.Username:
                Plain(ref line, string.IsNullOrEmpty(facts.Username) ? "-" : facts.Username);
                break;
            case LogField.Upstream:
                Plain(ref line, string.IsNullOrEmpty(facts.Upstream) ? "-" : facts.Upstream);
                break;
            case LogField.RequestURI:
                RequestUri(ref line, facts.RequestTarget ?? "");
                break;
            case LogField.StatusCode:
                line.Append(facts.StatusCode);
                break;
            case LogField.ResponseSize:
                line.Append(facts.ResponseSize);
                break;
            case LogField.RequestDuration:
                line.Append(facts.Duration.TotalSeconds, "0.000");
                break;
            case LogField.Status:
                Plain(ref line, facts.Status);
                break;
            case LogField.Message:
                Plain(ref line, facts.Message);
                break;
            case LogField.File:
                Plain(ref line, facts.File);
                break;
            default:
                break;
        }
    }

    /// <summary>Text as it is, except control characters, which are escaped so a value cannot end the line.</summary>
    private static void Plain(ref LogLineBuilder line, string? text)
    {
        foreach (var c in text ?? "")
        {
            if (char.IsControl(c))
            {
                Escape(ref line, c);
            }
            else
            {
                line.Append(c);
            }
        }
    }

    /// <summary>Go's <c>%q</c>: double quotes, backslash escapes for quotes, backslashes and control characters.</summary>
    private static void Quoted(ref LogLineBuilder line, scoped ReadOnlySpan<char> text)
    {
        line.Append('"');
        QuotedBody(ref line, text);
        line.Append('"');
    }

    private static void QuotedBody(ref LogLineBuilder line, scoped ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                line.Append('\\');
                line.Append(c);
            }
            else if (char.IsControl(c))
            {
                Escape(ref line, c);
            }
            else
            {
                line.Append(c);
            }
        }
    }

    private static void Escape(ref LogLineBuilder line, char c)
    {
        var named = c switch { '\a' => 'a', '\b' => 'b', '\f' => 'f', '\n' => 'n', '\r' => 'r', '\t' => 't', '\v' => 'v', _ => '\0' };
        line.Append('\\');
        if (named != '\0')
        {
            line.Append(named);
        }
        else if (c < 0x80)
        {
            line.Append('x');
            line.Append((int)c, "x2");
        }
        else
        {
            line.Append('u');
            line.Append((int)c, "x4");
        }
    }

    /// <summary>The request target with the values of credential-carrying query parameters replaced, unescaped (for JSON, which escapes itself).</summary>
    public static string RedactedTarget(string target)
    {
        var line = new LogLineBuilder(stackalloc char[256]);
        try
        {
            WriteTarget(ref line, target, escape: false);
            return line.ToString();
        }
        finally
        {
            line.Dispose();
        }
    }

    /// <summary>The request URI quoted, with the values of credential-carrying query parameters replaced.</summary>
    private static void RequestUri(ref LogLineBuilder line, string target)
    {
        line.Append('"');
        WriteTarget(ref line, target, escape: true);
        line.Append('"');
    }

    private static void WriteTarget(ref LogLineBuilder line, string target, bool escape)
    {
        var question = target.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            Body(ref line, target, escape);
            return;
        }

        Body(ref line, target.AsSpan(0, question + 1), escape);
        var query = target.AsSpan(question + 1);
        var lookup = SecretQueryNames.GetAlternateLookup<ReadOnlySpan<char>>();
        var first = true;
        foreach (var range in query.Split('&'))
        {
            if (!first)
            {
                line.Append('&');
            }

            first = false;
            var pair = query[range];
            var equals = pair.IndexOf('=');
            if (equals > 0 && lookup.Contains(pair[..equals]))
            {
                Body(ref line, pair[..(equals + 1)], escape);
                line.Append("[redacted]");
            }
            else
            {
                Body(ref line, pair, escape);
            }
        }
    }

    private static void Body(ref LogLineBuilder line, scoped ReadOnlySpan<char> text, bool escape)
    {
        if (escape)
        {
            QuotedBody(ref line, text);
        }
        else
        {
            line.Append(text);
        }
    }
}
