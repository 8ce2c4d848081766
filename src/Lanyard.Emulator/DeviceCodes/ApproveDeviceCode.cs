using Lanyard.Emulator.Tokens;

namespace Lanyard.Emulator.DeviceCodes;

/// <summary>
/// A person's answer to a device code, from the verification page or the operator API: the same checks as the
/// authorize endpoint's account picker (the tenant the client used admits the user, the application accepts the
/// account, the requested API exists in the user's tenant) before the code is marked approved.
/// </summary>
internal sealed class ApproveDeviceCode(EmulatorDirectory directory, DeviceCodeStore codes, ApiResources apiResources)
{
    public DeviceAnswer Answer(string userCode, string? userName, bool approve)
    {
        if (codes.FindByUserCode(userCode) is not { } authorization)
        {
            return new DeviceAnswer.Refused("The code is not valid, or it has expired. Check the code and try again.");
        }

        if (!approve)
        {
            return codes.Answer(authorization, approvedBy: null)
                ? new DeviceAnswer.Answered(authorization, null)
                : new DeviceAnswer.Refused("This code has already been used.");
        }

        if (userName is null || directory.FindUser(userName) is not { } user)
        {
            return new DeviceAnswer.Refused($"There is no account '{userName}' in this directory.");
        }

        if (!Eligible(authorization).Contains(user))
        {
            return new DeviceAnswer.Refused($"The account '{user.UserPrincipalName}' cannot sign in to this application through '{authorization.Tenant.Name}'.");
        }

        if (apiResources.Resolve(authorization.Scopes, user.TenantId) is ApiResolution.Unknown unknown)
        {
            return new DeviceAnswer.Refused($"AADSTS{unknown.Error.Code}: {unknown.Error.Message}");
        }

        return codes.Answer(authorization, user)
            ? new DeviceAnswer.Answered(authorization, user)
            : new DeviceAnswer.Refused("This code has already been used.");
    }

    /// <summary>The users who may approve this code.</summary>
    public IReadOnlyList<EmulatorUser> Eligible(DeviceAuthorization authorization)
    {
        var app = directory.FindApplication(authorization.ClientId);
        return [.. directory.Users.Where(u => app is not null && authorization.Tenant.Admits(u) && (!u.IsPersonalAccount || app.SignInAudience.AcceptsPersonalAccounts()))];
    }
}

internal abstract record DeviceAnswer
{
    private DeviceAnswer()
    {
    }

    /// <summary>Approved by <paramref name="User"/>, or declined when it is null.</summary>
    public sealed record Answered(DeviceAuthorization Authorization, EmulatorUser? User) : DeviceAnswer;

    public sealed record Refused(string Reason) : DeviceAnswer;
}
