using System.CommandLine;
using Lanyard.Cli;
using Lanyard.Configuration;
using Lanyard.Configuration.Sources;
using Lanyard.Configuration.Validation;
using Lanyard.Testing;

namespace Lanyard.Tests.Configuration;

/// <summary>
/// The catalog against oauth2-proxy's own option list (Data/oauth2-proxy-options.tsv, written from its docs): every
/// option is known under the same TOML key, flag and environment variable, and one Lanyard does not implement is
/// refused with a reason instead of "unknown", unless it is set to its default.
/// </summary>
public sealed class OptionCatalogTests
{
    private const string ValidToml = """
        provider = "entra-id"
        oidc_issuer_url = "https://login.microsoftonline.com/7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31/v2.0"
        client_id = "4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f"
        client_secret = "s3cret"
        cookie_secret = "0123456789abcdef0123456789abcdef"
        email_domains = ["contoso.test"]
        upstreams = ["http://127.0.0.1:8080/"]
        """;

    public static TheoryData<string, string> Oauth2ProxyOptions()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in PayloadTables.Read("oauth2-proxy-options.tsv"))
        {
            var cells = line.Split('\t');
            data.Add(cells[0], cells[1]);
        }

        return data;
    }

    [Fact]
    public void EveryOauth2ProxyOption_HasARow()
    {
        var documented = PayloadTables.Read("oauth2-proxy-options.tsv").Select(line => line.Split('\t')[0]).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(168, documented.Count);
        Assert.DoesNotContain(documented, key => OptionCatalog.FindByTomlKey(key) is null);
        Assert.All(OptionCatalog.All.Where(o => !documented.Contains(o.TomlKey)), o => Assert.True(o.LanyardOnly, $"{o.TomlKey} is neither oauth2-proxy's nor marked as Lanyard's own"));
        Assert.All(OptionCatalog.All.Where(o => documented.Contains(o.TomlKey)), o => Assert.False(o.LanyardOnly, o.TomlKey));
    }

    [Theory]
    [MemberData(nameof(Oauth2ProxyOptions))]
    public void Option_IsSpelledAsOauth2ProxySpellsIt(string tomlKey, string flag)
    {
        var option = OptionCatalog.FindByTomlKey(tomlKey);
        Assert.NotNull(option);
        Assert.Equal(flag, option.FlagName);
        Assert.Equal("OAUTH2_PROXY_" + tomlKey.ToUpperInvariant(), option.EnvironmentName);
        Assert.True(option.IsSupported || option.Unsupported!.Length > 20, $"{tomlKey} is refused without a reason");
    }

    public static TheoryData<string> UnsupportedOptions()
    {
        var data = new TheoryData<string>();
        foreach (var option in OptionCatalog.All.Where(o => !o.IsSupported))
        {
            data.Add(option.TomlKey);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(UnsupportedOptions))]
    public void UnsupportedOption_SetInToml_IsRefusedWithItsReasonAndLine(string key)
    {
        var option = OptionCatalog.FindByTomlKey(key)!;
        var error = Assert.Throws<ConfigurationException>(() => BindToml(ValidToml + "\n" + key + " = " + NotTheDefault(option)));

        var problem = Assert.Single(error.Errors);
        Assert.Equal(key, problem.Option);
        Assert.Equal("lanyard.toml:8", problem.Origin);
        Assert.Equal("is not supported: " + option.Unsupported, problem.Message);
    }

    [Theory]
    [MemberData(nameof(UnsupportedOptions))]
    public void UnsupportedOption_SetToItsDefault_ChangesNothing_AndStarts(string key)
    {
        var option = OptionCatalog.FindByTomlKey(key)!;
        var value = option.Kind switch
        {
            OptionKind.Bool => option.DefaultValue ?? "false",
            OptionKind.StringList => option.DefaultValue is null ? "[]" : $"[\"{option.DefaultValue}\"]",
            _ => $"\"{option.DefaultValue}\"",
        };

        var options = BindToml(ValidToml + "\n" + key + " = " + value);

        Assert.Equal(ProviderType.EntraId, options.Provider.Type);
    }

    [Fact]
    public void UnsupportedOption_FromAFlagOrTheEnvironment_NamesWhereItCameFrom()
    {
        var flag = Assert.Throws<ConfigurationException>(() => BindCommandLine(["--github-org=contoso"]));
        var fromFlag = Assert.Single(flag.Errors);
        Assert.Equal(("github_org", "--github-org"), (fromFlag.Option, fromFlag.Origin));
        Assert.Contains("Lanyard does not implement", fromFlag.Message, StringComparison.Ordinal);

        var env = Assert.Throws<ConfigurationException>(() => BindCommandLine([], new Dictionary<string, string> { ["OAUTH2_PROXY_LOGGING_FILENAME"] = "/var/log/proxy.log" }));
        var fromEnv = Assert.Single(env.Errors);
        Assert.Equal(("logging_filename", "OAUTH2_PROXY_LOGGING_FILENAME"), (fromEnv.Option, fromEnv.Origin));
        Assert.Contains("stdout", fromEnv.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--cookie-secert=x", "--cookie-secret")]
    [InlineData("--email-domains=*", "--email-domain")]
    [InlineData("--client_id=x", "--client-id")]
    public void UnknownFlag_IsRefused_WithTheNearestFlag(string token, string suggestion)
    {
        var error = Assert.Throws<ConfigurationException>(() => BindCommandLine([token]));

        var problem = Assert.Single(error.Errors);
        Assert.Equal(token.Split('=')[0], problem.Option);
        Assert.Equal($"unknown option (did you mean '{suggestion}'?)", problem.Message);
    }

    [Fact]
    public void UnknownTomlKey_ThatIsAFlagSpelling_PointsAtTheKey()
    {
        var error = Assert.Throws<ConfigurationException>(() => BindToml(ValidToml + "\nemail-domain = [\"x\"]"));
        Assert.Equal("unknown option (did you mean 'email_domains'?)", Assert.Single(error.Errors).Message);
    }

    private static string NotTheDefault(OptionDefinition option) => option.Kind switch
    {
        OptionKind.Bool => option.DefaultValue == "true" ? "false" : "true",
        OptionKind.StringList => "[\"something-else\"]",
        OptionKind.Duration => "\"17m\"",
        _ => "\"something-else\"",
    };

    private static LanyardOptions BindToml(string toml)
    {
        var errors = new List<ConfigurationError>();
        var layers = new SettingsLayers()
            .Add(SettingsLayers.Defaults())
            .Add(TomlConfigFile.Parse(toml, "lanyard.toml", errors));
        return LanyardOptionsBinder.Bind(layers, errors);
    }

    /// <summary>The valid file's settings as flags, then <paramref name="args"/>, as <c>lanyard serve</c> parses them.</summary>
    private static LanyardOptions BindCommandLine(string[] args, IReadOnlyDictionary<string, string>? env = null)
    {
        var command = new RootCommand();
        var settings = new ProxySettings(name => env?.GetValueOrDefault(name));
        settings.AddTo(command);
        string[] valid =
        [
            "--provider=entra-id", "--oidc-issuer-url=https://login.microsoftonline.com/7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31/v2.0",
            "--client-id=4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f", "--client-secret=s3cret", "--cookie-secret=0123456789abcdef0123456789abcdef",
            "--email-domain=contoso.test", "--upstream=http://127.0.0.1:8080/",
        ];
        return settings.Bind(command.Parse([.. valid, .. args]));
    }
}
