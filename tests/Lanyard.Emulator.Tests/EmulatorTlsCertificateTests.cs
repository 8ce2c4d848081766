using System.Security.Cryptography.X509Certificates;
using Lanyard.Emulator.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Lanyard.Emulator.Tests;

/// <summary>The emulator's own https certificate (issue 13): made once, reused, renewed before it expires.</summary>
public sealed class EmulatorTlsCertificateTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"lanyard-cert-{Guid.NewGuid():N}", "lanyard", "emulator");

    [Fact]
    public void FirstRun_CreatesASelfSignedLoopbackCertificateValidForAYear()
    {
        using var made = EmulatorTlsCertificate.LoadOrCreate(_directory, new FakeTimeProvider(Start)).Certificate;

        Assert.True(made.HasPrivateKey);
        Assert.Equal(made.SubjectName.Name, made.IssuerName.Name);
        Assert.Equal(Start.AddDays(365).UtcDateTime, made.NotAfter.ToUniversalTime());
        Assert.True(made.NotBefore.ToUniversalTime() <= Start.UtcDateTime);
        Assert.True(made.MatchesHostname("localhost"));
        Assert.True(made.MatchesHostname("127.0.0.1"));
        Assert.True(made.MatchesHostname("::1"));
        Assert.False(made.MatchesHostname("login.microsoftonline.com"));
        var usages = made.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
        Assert.Contains(usages.Cast<System.Security.Cryptography.Oid>(), o => o.Value == "1.3.6.1.5.5.7.3.1");
    }

    [Fact]
    public void FirstRun_WritesThePemPair_TheKeyReadableByItsOwnerOnly()
    {
        var made = EmulatorTlsCertificate.LoadOrCreate(_directory, new FakeTimeProvider(Start));
        using var _ = made.Certificate;

        Assert.Equal(Path.Combine(_directory, "emulator-cert.pem"), made.CertificatePath);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(made.CertificatePath), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(made.KeyPath), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(made.KeyPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
        }

        using var fromFiles = X509Certificate2.CreateFromPemFile(made.CertificatePath, made.KeyPath);
        Assert.Equal(made.Certificate.Thumbprint, fromFiles.Thumbprint);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public void LaterRuns_ReuseTheSameCertificate()
    {
        var time = new FakeTimeProvider(Start);
        var first = EmulatorTlsCertificate.LoadOrCreate(_directory, time);
        var pem = File.ReadAllText(first.CertificatePath);
        time.Advance(TimeSpan.FromDays(200));

        var second = EmulatorTlsCertificate.LoadOrCreate(_directory, time);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Certificate.Thumbprint, second.Certificate.Thumbprint);
        Assert.True(second.Certificate.HasPrivateKey);
        Assert.Equal(pem, File.ReadAllText(second.CertificatePath));
        first.Certificate.Dispose();
        second.Certificate.Dispose();
    }

    [Theory]
    [InlineData(336)] // 29 days left: inside the 30-day renewal window
    [InlineData(365)] // expired at that very moment
    [InlineData(400)] // long expired
    public void NearOrPastExpiry_IsRenewed(int daysLater)
    {
        var time = new FakeTimeProvider(Start);
        using var first = EmulatorTlsCertificate.LoadOrCreate(_directory, time).Certificate;
        time.Advance(TimeSpan.FromDays(daysLater));

        var renewed = EmulatorTlsCertificate.LoadOrCreate(_directory, time);
        using var _ = renewed.Certificate;

        Assert.True(renewed.Created);
        Assert.NotEqual(first.Thumbprint, renewed.Certificate.Thumbprint);
        Assert.Equal(time.GetUtcNow().AddDays(365).UtcDateTime, renewed.Certificate.NotAfter.ToUniversalTime());
        using var onDisk = X509CertificateLoader.LoadCertificateFromFile(renewed.CertificatePath);
        Assert.Equal(renewed.Certificate.Thumbprint, onDisk.Thumbprint);
    }

    [Fact]
    public void ThirtyOneDaysBeforeExpiry_IsStillReused()
    {
        var time = new FakeTimeProvider(Start);
        using var first = EmulatorTlsCertificate.LoadOrCreate(_directory, time).Certificate;
        time.Advance(TimeSpan.FromDays(334));

        using var again = EmulatorTlsCertificate.LoadOrCreate(_directory, time).Certificate;

        Assert.Equal(first.Thumbprint, again.Thumbprint);
    }

    [Fact]
    public void ADamagedPair_IsReplaced()
    {
        var time = new FakeTimeProvider(Start);
        using var first = EmulatorTlsCertificate.LoadOrCreate(_directory, time).Certificate;
        File.WriteAllText(Path.Combine(_directory, EmulatorTlsCertificate.KeyFileName), "not a key");

        var replaced = EmulatorTlsCertificate.LoadOrCreate(_directory, time);
        using var _ = replaced.Certificate;

        Assert.True(replaced.Created);
        Assert.True(replaced.Certificate.HasPrivateKey);
        Assert.NotEqual(first.Thumbprint, replaced.Certificate.Thumbprint);
    }

    public void Dispose()
    {
        var root = Path.GetDirectoryName(Path.GetDirectoryName(_directory))!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
