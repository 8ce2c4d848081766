namespace Lanyard.Kubectl;

/// <summary>kubelogin's <c>--login</c> names of the modes lanyard has.</summary>
internal static class LoginModeName
{
    public static LoginMode? Parse(string name) => name.ToLowerInvariant() switch
    {
        "devicecode" => LoginMode.DeviceCode,
        "interactive" => LoginMode.Interactive,
        "spn" => LoginMode.Spn,
        "workloadidentity" => LoginMode.WorkloadIdentity,
        "msi" => LoginMode.Msi,
        _ => null,
    };

    /// <summary>Why <paramref name="name"/> is refused: kubelogin modes lanyard leaves out say so, typos list the rest.</summary>
    public static string Problem(string name) => name.ToLowerInvariant() is "azurecli" or "azd" or "ropc" or "azurepipelines"
        ? $"--login {name} is not supported by lanyard (it reads no other tool's cache and takes no passwords); use devicecode or interactive"
        : $"--login '{name}' is not one of devicecode, interactive, spn, workloadidentity, msi";
}
