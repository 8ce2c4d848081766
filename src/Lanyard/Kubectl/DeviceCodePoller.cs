namespace Lanyard.Kubectl;

/// <summary>
/// RFC 8628 §3.5 polling with Entra's errors (kubernetes-authn.md §3.7): wait <c>interval</c> before each poll,
/// add 5 s on <c>slow_down</c>, keep going on <c>authorization_pending</c>, stop on anything else, and give up when
/// the code's <c>expires_in</c> has passed. Time comes from the <see cref="TimeProvider"/> so tests can fake it.
/// </summary>
internal sealed class DeviceCodePoller(TimeProvider time)
{
    public static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    public async Task<IssuedToken> PollAsync(DeviceCodeStart start, Func<CancellationToken, Task<TokenAnswer>> poll, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + start.ExpiresIn;
        var interval = start.Interval > TimeSpan.Zero ? start.Interval : TimeSpan.FromSeconds(5);
        while (true)
        {
            // Never sleep past the deadline only to poll a code that has expired.
            var wait = Min(interval, deadline - time.GetUtcNow());
            if (wait <= TimeSpan.Zero)
            {
                throw Expired();
            }

            await Task.Delay(wait, time, cancellationToken);
            switch (await poll(cancellationToken))
            {
                case TokenAnswer.Issued issued:
                    return issued.Token;
                case TokenAnswer.Refused { Error: "authorization_pending" }:
                    break;
                case TokenAnswer.Refused { Error: "slow_down" }:
                    interval += SlowDownStep;
                    break;
                case TokenAnswer.Refused { Error: "authorization_declined" or "access_denied" }:
                    throw new SignInFailedException("the sign-in was declined") { Error = "authorization_declined" };
                case TokenAnswer.Refused { Error: "expired_token" or "code_expired" }:
                    throw Expired();
                case TokenAnswer.Refused { Error: "bad_verification_code" } refused:
                    throw new SignInFailedException($"the identity provider does not know this device code ({refused.Description})") { Error = refused.Error };
                case TokenAnswer.Refused refused:
                    throw new SignInFailedException($"the sign-in was refused: {refused.Description}") { Error = refused.Error };
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw Expired();
            }
        }
    }

    private static SignInFailedException Expired() =>
        new("the device code expired before the sign-in was completed; run the command again for a new code") { Error = "expired_token" };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
