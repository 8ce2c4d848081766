using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Lanyard.Configuration.Validation;

/// <summary><c>provider_ca_files</c> (PEM certificates, each file at least one) and <c>use_system_trust_store</c>.</summary>
internal static class ProviderTrustBinder
{
    /// <summary>The CA files' trust, or null when none are set (the system's roots then, as by default).</summary>
    public static ProviderTrustOptions? Bind(SettingReader read)
    {
        var files = read.List("provider_ca_files");
        var useSystem = read.Bool("use_system_trust_store", false);
        if (files.Count == 0)
        {
            // Without CA files the system's roots are what Lanyard trusts anyway, which is what the option asks for.
            return null;
        }

        var authorities = new X509Certificate2Collection();
        foreach (var file in files)
        {
            if (read.ReadFile("provider_ca_files", file) is not { } content)
            {
                continue;
            }

            var before = authorities.Count;
            try
            {
                authorities.ImportFromPem(Encoding.UTF8.GetString(content));
            }
            catch (CryptographicException e)
            {
                read.Fail("provider_ca_files", $"'{file}' has a certificate that cannot be read ({e.Message.TrimEnd('.')})");
                continue;
            }

            if (authorities.Count == before)
            {
                read.Fail("provider_ca_files", $"'{file}' holds no PEM CERTIFICATE");
            }
        }

        return new ProviderTrustOptions(files, authorities, useSystem);
    }
}
