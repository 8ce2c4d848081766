namespace Lanyard.Authorization.Routes;

/// <summary>Whether a rule's requirements hold for a subject; <see cref="Unknown"/> when one cannot be told (unresolved group overage, an unreadable token).</summary>
internal enum RequirementState
{
    Holds,
    Fails,
    Unknown,
}

/// <param name="Requirement">What failed or could not be told, in words (<c>a member of any of group(s) …</c>); null when all hold.</param>
/// <param name="Why">For <see cref="RequirementState.Unknown"/>: why it cannot be told.</param>
internal readonly record struct RequirementResult(RequirementState State, string? Requirement = null, string? Why = null)
{
    public static readonly RequirementResult Holds = new(RequirementState.Holds);
}

/// <summary>
/// What an allow (or deny) rule requires of the identity, all of it, judged without I/O: groups (Entra object ids,
/// without case), app roles (with case, as Entra issues them), scopes (all of, from the space-separated <c>scp</c>),
/// tenants (<c>tid</c>), client apps (<c>azp</c>, else <c>appid</c>) and claim values (any listed value; a list
/// claim matches when any element does). An empty list requires nothing. Groups and roles come from
/// <see cref="Identity.UserIdentity"/>; the rest from the token, which <see cref="RuleSubject"/> reads only if asked.
/// </summary>
internal sealed record RouteRequirements(
    IReadOnlyList<string> AnyGroups,
    IReadOnlyList<string> AllGroups,
    IReadOnlyList<string> AnyRoles,
    IReadOnlyList<string> AllRoles,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> Tenants,
    IReadOnlyList<string> ClientApps,
    IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Claims)
{
    /// <summary>
    /// The first requirement that fails; else the first that cannot be told; else <see cref="RequirementResult.Holds"/>.
    /// A failure wins over an unknown because one false requirement settles the rule whatever the unknown one is.
    /// Identity facts are checked before token claims, so a rule that a group already settles never parses the token.
    /// </summary>
    public RequirementResult Check(RuleSubject subject)
    {
        RequirementResult? unknown = null;
        foreach (var (description, judge) in Parts())
        {
            var result = judge(subject, description);
            if (result.State == RequirementState.Fails)
            {
                return result;
            }

            unknown ??= result.State == RequirementState.Unknown ? result : null;
        }

        return unknown ?? RequirementResult.Holds;
    }

    /// <summary>Every requirement in words, joined (for a deny rule whose requirements all hold).</summary>
    public string Describe() => string.Join(" and ", Parts().Select(p => p.Description));

    /// <summary>Each requirement: its words, and how it is judged (lazily, so a settled rule reads no more).</summary>
    private IEnumerable<(string Description, Func<RuleSubject, string, RequirementResult> Judge)> Parts()
    {
        if (AnyGroups.Count > 0)
        {
            yield return ($"a member of any of group(s) {List(AnyGroups)}", (s, d) => Groups(s.Identity, d, () => AnyGroups.Any(g => s.Identity.Groups.Contains(g, StringComparer.OrdinalIgnoreCase))));
        }

        if (AllGroups.Count > 0)
        {
            yield return ($"a member of all of group(s) {List(AllGroups)}", (s, d) => Groups(s.Identity, d, () => AllGroups.All(g => s.Identity.Groups.Contains(g, StringComparer.OrdinalIgnoreCase))));
        }

        if (AnyRoles.Count > 0)
        {
            yield return ($"any of app role(s) {List(AnyRoles)}", (s, d) => Known(d, AnyRoles.Any(r => s.Identity.Roles.Contains(r, StringComparer.Ordinal))));
        }

        if (AllRoles.Count > 0)
        {
            yield return ($"all of app role(s) {List(AllRoles)}", (s, d) => Known(d, AllRoles.All(r => s.Identity.Roles.Contains(r, StringComparer.Ordinal))));
        }

        if (Scopes.Count > 0)
        {
            yield return ($"scope(s) {List(Scopes)} (scp)", (s, d) => FromToken(s, "scp", d, values =>
            {
                var granted = values.SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
                return Scopes.All(granted.Contains);
            }));
        }

        if (Tenants.Count > 0)
        {
            yield return ($"a token from tenant(s) {List(Tenants)} (tid)", (s, d) => FromToken(s, "tid", d, values => values.Any(v => Tenants.Contains(v, StringComparer.OrdinalIgnoreCase))));
        }

        if (ClientApps.Count > 0)
        {
            // Entra's v2.0 tokens name the client in azp, v1.0 tokens in appid.
            yield return ($"a token from client app(s) {List(ClientApps)} (azp or appid)", (s, d) =>
                s.Claim("azp") is { } azp && s.Claim("appid") is { } appid
                    ? Known(d, (azp.Count > 0 ? azp : appid).Any(v => ClientApps.Contains(v, StringComparer.OrdinalIgnoreCase)))
                    : Unreadable(d));
        }

        foreach (var (claim, allowed) in Claims)
        {
            yield return ($"claim '{claim}' to be any of {List(allowed)}", (s, d) => FromToken(s, claim, d, values => values.Any(v => allowed.Contains(v, StringComparer.Ordinal))));
        }
    }

    private static RequirementResult Groups(Identity.UserIdentity identity, string description, Func<bool> holds) =>
        identity.GroupsProblem is { } problem
            ? new(RequirementState.Unknown, description, $"the group memberships could not be read ({problem})")
            : Known(description, holds());

    private static RequirementResult FromToken(RuleSubject subject, string claim, string description, Func<IReadOnlyList<string>, bool> holds) =>
        subject.Claim(claim) is { } values ? Known(description, holds(values)) : Unreadable(description);

    private static RequirementResult Known(string description, bool holds) =>
        holds ? RequirementResult.Holds : new(RequirementState.Fails, description);

    private static RequirementResult Unreadable(string description) =>
        new(RequirementState.Unknown, description, "the session's token could not be read");

    private static string List(IEnumerable<string> values) => string.Join(", ", values);
}
