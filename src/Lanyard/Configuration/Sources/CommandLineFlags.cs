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
        foreach (var definition in OptionCatalog.All)
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
}
