namespace Lanyard.Emulator.Tokens;

/// <summary>
/// The emulator's minimal consent model (issue 13, AADSTS65001): an API that lists <see cref="EmulatorApplication.ExposedScopes"/>
/// has consented exactly those delegated scopes, for every client and user, so a token request for any other scope
/// name of that API needs consent that nobody gave. An API that exposes none keeps the old rule: any scope name is
/// granted. <c>.default</c> always is (it means "what was consented"). Entra records consent per client and user;
/// the emulator keeps no such records.
/// </summary>
internal static class ConsentedScopes
{
    public static bool Cover(ApiResource api)
    {
        var exposed = api.Application.ExposedScopes;
        return exposed.Count == 0 || api.Scopes.All(s => s.Name == ".default" || exposed.Contains(s.Name, StringComparer.OrdinalIgnoreCase));
    }
}
