using Lanyard.Kubectl;
using Microsoft.Extensions.Time.Testing;

namespace Lanyard.Tests.Kubectl;

/// <summary>The device-code poll loop on a fake clock: when it polls, and how each of Entra's answers ends or continues it.</summary>
public sealed class DeviceCodePollerTests
{
    private static readonly IssuedToken Token = new("access", "refresh", DateTimeOffset.UnixEpoch.AddHours(1));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pending_IsPolledEveryInterval_UntilTheTokensCome()
    {
        var (polls, result) = await RunAsync(["authorization_pending", "authorization_pending", null]);

        Assert.Same(Token, await result);
        Assert.Equal([5, 10, 15], polls);
    }

    [Fact]
    public async Task SlowDown_AddsFiveSecondsToEveryLaterWait()
    {
        var (polls, result) = await RunAsync(["slow_down", "authorization_pending", "slow_down", null]);

        await result;
        Assert.Equal([5, 15, 25, 40], polls);
    }

    [Theory]
    [InlineData("authorization_declined", "declined")]
    [InlineData("expired_token", "expired")]
    [InlineData("bad_verification_code", "does not know this device code")]
    [InlineData("invalid_grant", "refused")]
    public async Task TerminalErrors_StopAtOnce(string error, string reason)
    {
        var (polls, result) = await RunAsync([error, null]);

        var failure = await Assert.ThrowsAsync<SignInFailedException>(() => result);
        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
        Assert.Single(polls);
    }

    [Fact]
    public async Task ExpiresIn_BoundsTheWait_WithoutPollingAfterIt()
    {
        var (polls, result) = await RunAsync([.. Enumerable.Repeat<string?>("authorization_pending", 100)], expiresIn: TimeSpan.FromSeconds(12));

        var failure = await Assert.ThrowsAsync<SignInFailedException>(() => result);
        Assert.Contains("expired", failure.Message, StringComparison.Ordinal);
        Assert.Equal([5, 10, 12], polls);
    }

    [Fact]
    public async Task Cancellation_StopsTheWaitAtOnce()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var cancel = new CancellationTokenSource();
        var polled = 0;
        var poller = new DeviceCodePoller(time);
        var run = poller.PollAsync(new DeviceCodeStart("device", "message", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(15)), _ =>
        {
            polled++;
            return Task.FromResult<TokenAnswer>(new TokenAnswer.Refused("authorization_pending", "pending"));
        }, cancel.Token);

        time.Advance(TimeSpan.FromSeconds(5));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(1, polled);
    }

    // Each answer is an error name, or null for success; the clock moves a second at a time until the loop ends.
    private static async Task<(List<int> Polls, Task<IssuedToken> Result)> RunAsync(string?[] answers, TimeSpan? expiresIn = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var polls = new List<int>();
        var next = 0;
        var poller = new DeviceCodePoller(time);
        var result = poller.PollAsync(new DeviceCodeStart("device", "message", TimeSpan.FromSeconds(5), expiresIn ?? TimeSpan.FromMinutes(15)), _ =>
        {
            polls.Add((int)(time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds);
            var answer = answers[next++];
            return Task.FromResult<TokenAnswer>(answer is null ? new TokenAnswer.Issued(Token) : new TokenAnswer.Refused(answer, $"{answer}: AADSTS"));
        }, Ct);

        for (var second = 0; second < 1000 && !result.IsCompleted; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        Assert.True(result.IsCompleted);
        return (polls, result);
    }
}
