using System.CommandLine;

namespace Lanyard.Configuration.Sources;

/// <summary>
/// One command-line option per catalog row, spelled as oauth2-proxy spells its flags. Values stay text here;
/// the binder reads them the same way it reads environment variables, so errors look alike.
/// </summary>
internal sealed class CommandLineFlags
{
    private readonly List<(OptionDefinition Definition, Option Option)> _options = [];

    public CommandLineFlags()
    {
        foreach (var definition in OptionCatalog.All.Where(o => o.HasFlag))
        {
            Option option = definition.Kind switch
            {
                OptionKind.StringList => new Option<string[]>(definition.FlagName)
                {
                    Description = definition.Help,
                    Arity = ArgumentArity.OneOrMore,
                    AllowMultipleArgumentsPerToken = false,
                },
                // "--cookie-secure" alone means true, as pflag's booleans do; "--cookie-secure=false" turns it off.
                OptionKind.Bool => new Option<string>(definition.FlagName)
                {
                    Description = definition.Help,
                    Arity = ArgumentArity.ZeroOrOne,
                },
                _ => new Option<string>(definition.FlagName) { Description = definition.Help },
            };
            // Unsupported options are parsed (to refuse them with their reason) but kept out of --help.
            option.Hidden = !definition.IsSupported;
            _options.Add((definition, option));
        }
    }

    public void AddTo(Command command)
    {
        foreach (var (_, option) in _options)
        {
            command.Add(option);
        }
    }

    public IReadOnlyList<Setting> Read(ParseResult parseResult)
    {
        var settings = new List<Setting>();
        foreach (var (definition, option) in _options)
        {
            var result = parseResult.GetResult(option);
            if (result is null || result.Implicit)
            {
                continue;
            }

            object value = option switch
            {
                Option<string[]> list => (IReadOnlyList<string>)(parseResult.GetValue(list) ?? []),
                Option<string> text => parseResult.GetValue(text) ?? (definition.Kind == OptionKind.Bool ? "true" : ""),
                _ => throw new InvalidOperationException("Unexpected option type."),
            };
            settings.Add(new Setting(definition.TomlKey, value, definition.FlagName));
        }

        return settings;
    }

    /// <summary>
    /// Tokens no option took: oauth2-proxy fails on an unknown flag, and so does Lanyard, with a hint when a flag is
    /// close (<c>--cookie-secert</c>, or the TOML spelling <c>--email-domains</c> of <c>--email-domain</c>).
    /// </summary>
    public static IEnumerable<ConfigurationError> Unknown(ParseResult parseResult)
    {
        foreach (var token in parseResult.UnmatchedTokens)
        {
            var name = token.Split('=', 2)[0];
            var hint = name.StartsWith('-') && OptionCatalog.Suggest(name.TrimStart('-')) is { } key && OptionCatalog.FindByTomlKey(key) is { HasFlag: true } option
                ? $" (did you mean '{option.FlagName}'?)"
                : "";
            yield return new ConfigurationError(name, "command line", (name.StartsWith('-') ? "unknown option" : "unexpected argument") + hint);
        }
    }
}
