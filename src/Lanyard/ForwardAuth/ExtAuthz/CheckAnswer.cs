using System.Text;
using Envoy.Config.Core.V3;
using Envoy.Service.Auth.V3;
using Envoy.Type.V3;
using Lanyard.Headers;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using GrpcCode = Grpc.Core.StatusCode;
using RpcStatus = Google.Rpc.Status;

namespace Lanyard.ForwardAuth.ExtAuthz;

/// <summary>
/// The forward-auth handler's HTTP answer as Envoy's <c>CheckResponse</c>. 2xx allows: every header the handler set
/// goes upstream, overwriting the client's (kept when empty, so a forged copy is replaced by nothing), the client's
/// copies of reserved identity headers we did not set are removed, and <c>Set-Cookie</c> (a refreshed session) goes
/// back to the browser. Anything else denies with the handler's status, headers and body.
/// </summary>
internal static class CheckAnswer
{
    /// <summary>Response headers that belong to the browser on a denial (sign-in redirect, challenge, the page, a cleared cookie).</summary>
    private static readonly string[] DeniedHeaders =
        [HeaderNames.Location, HeaderNames.WWWAuthenticate, HeaderNames.ContentType, HeaderNames.SetCookie, HeaderNames.CacheControl];

    /// <param name="identityTokenHeader">
    /// <c>identity_token_header</c>, or null. Empty, it is removed rather than kept empty: gRPC can say "remove", and
    /// the upstream's sidecar (Istio's jwt_authn) would take an empty header for a malformed token.
    /// </param>
    /// <param name="upstream">The proxy's own stripping, for the credentials an upstream must never see (Lanyard's
    /// cookies, a refused bearer token, an htpasswd user's Basic password); null only in adapter tests.</param>
    public static CheckResponse From(HttpContext answered, System.Collections.Frozen.FrozenSet<string> strippedFromRequests, string? identityTokenHeader = null, UpstreamIdentityHeaders? upstream = null)
    {
        var response = answered.Response;
        return response.StatusCode is >= 200 and < 300 ? Allow(answered, strippedFromRequests, identityTokenHeader, upstream) : Deny(response, ForwardAuthEndpoint.DeniedRuleOf(answered));
    }

    private static CheckResponse Allow(HttpContext answered, System.Collections.Frozen.FrozenSet<string> strippedFromRequests, string? identityTokenHeader, UpstreamIdentityHeaders? upstream)
    {
        var ok = new OkHttpResponse();
        // Exact names, without case (as Envoy matches them): an overwrite replaces X-Auth-Request-Email however the client
        // cased it, but not its x_auth_request_email, which some frameworks read as the same header and is removed below.
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in answered.Response.Headers)
        {
            if (string.Equals(name, HeaderNames.SetCookie, StringComparison.OrdinalIgnoreCase))
            {
                // One option per cookie, appended: several Set-Cookie lines must stay several.
                foreach (var cookie in values)
                {
                    ok.ResponseHeadersToAdd.Add(Option(HeaderNames.SetCookie, cookie ?? "", HeaderValueOption.Types.HeaderAppendAction.AppendIfExistsOrAdd));
                }

                continue;
            }

            if (IsNotForUpstream(name))
            {
                continue;
            }

            if (values.ToString().Length == 0 && string.Equals(name, identityTokenHeader, StringComparison.OrdinalIgnoreCase))
            {
                // Not marked as set: every spelling the client sent is removed below too.
                ok.HeadersToRemove.Add(name);
                continue;
            }

            ok.Headers.Add(Option(name, values.ToString(), HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd));
            set.Add(name);
        }

        foreach (var (name, _) in answered.Request.Headers)
        {
            if (IdentityHeaderNames.ContainsNormalized(strippedFromRequests, name) && !set.Contains(name))
            {
                ok.HeadersToRemove.Add(name);
            }
        }

        if (upstream is not null)
        {
            WithoutCredentials(ok, answered, upstream, set);
        }

        return new CheckResponse { Status = new RpcStatus { Code = (int)GrpcCode.OK }, OkResponse = ok };
    }

    /// <summary>
    /// What the proxy strips before forwarding, said to Envoy, which (unlike nginx or Traefik) can rewrite the request
    /// it forwards: Lanyard's session cookies leave the Cookie header, and Authorization goes when it carries a
    /// refused bearer token or an htpasswd user's password, unless the answer set its own.
    /// </summary>
    private static void WithoutCredentials(OkHttpResponse ok, HttpContext answered, UpstreamIdentityHeaders upstream, HashSet<string> set)
    {
        var request = answered.Request.Headers;
        IHeaderDictionary cookies = new HeaderDictionary { [HeaderNames.Cookie] = request.Cookie };
        upstream.StripLanyardCookies(cookies);
        if (cookies.Cookie != request.Cookie)
        {
            if (StringValues.IsNullOrEmpty(cookies.Cookie))
            {
                ok.HeadersToRemove.Add("cookie");
            }
            else
            {
                ok.Headers.Add(Option("cookie", cookies.Cookie.ToString(), HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd));
            }
        }

        if (ForwardAuthEndpoint.AuthorizationNotForUpstream(answered) && request.ContainsKey(HeaderNames.Authorization) && !set.Contains(HeaderNames.Authorization))
        {
            ok.HeadersToRemove.Add("authorization");
        }
    }

    /// <param name="rule">The rule that denied, for the status message Envoy logs; null when no rule did (no session).</param>
    private static CheckResponse Deny(HttpResponse response, string? rule)
    {
        var denied = new DeniedHttpResponse
        {
            Status = new HttpStatus { Code = (Envoy.Type.V3.StatusCode)response.StatusCode },
            Body = Body(response),
        };
        foreach (var name in DeniedHeaders)
        {
            foreach (var value in response.Headers[name])
            {
                denied.Headers.Add(Option(name, value ?? "", HeaderValueOption.Types.HeaderAppendAction.AppendIfExistsOrAdd));
            }
        }

        var code = response.StatusCode == StatusCodes.Status401Unauthorized ? GrpcCode.Unauthenticated : GrpcCode.PermissionDenied;
        var status = new RpcStatus { Code = (int)code, Message = rule is null ? $"HTTP {response.StatusCode}" : $"HTTP {response.StatusCode}: denied by rule '{rule}'" };
        return response.StatusCode >= 500
            ? new CheckResponse { Status = new RpcStatus { Code = (int)GrpcCode.Unavailable, Message = status.Message }, ErrorResponse = denied }
            : new CheckResponse { Status = status, DeniedResponse = denied };
    }

    /// <summary>A failure while judging (the session store is down): an error, never an allow; Envoy fails closed on it.</summary>
    public static CheckResponse Unavailable(string message) => new()
    {
        Status = new RpcStatus { Code = (int)GrpcCode.Unavailable, Message = message },
        ErrorResponse = new DeniedHttpResponse
        {
            Status = new HttpStatus { Code = Envoy.Type.V3.StatusCode.ServiceUnavailable },
            Headers = { Option(HeaderNames.ContentType, "text/plain; charset=utf-8", HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd) },
            Body = message,
        },
    };

    /// <summary>Hop-by-hop and answer-only headers are the handler's reply to us, not facts about the user.</summary>
    private static bool IsNotForUpstream(string name) =>
        name.Equals(HeaderNames.ContentType, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.CacheControl, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.Pragma, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.Expires, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.Date, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.Connection, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.TransferEncoding, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.Vary, StringComparison.OrdinalIgnoreCase);

    private static HeaderValueOption Option(string name, string value, HeaderValueOption.Types.HeaderAppendAction action) => new()
    {
        Header = new HeaderValue { Key = name, Value = value },
        AppendAction = action,
        KeepEmptyValue = value.Length == 0,
    };

    private static string Body(HttpResponse response)
    {
        var body = (MemoryStream)response.Body;
        return Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
    }
}
