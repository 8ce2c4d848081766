using System.CommandLine;
using Lanyard.Configuration;
using Lanyard.Configuration.Sources;

namespace Lanyard.Cli;

/// <summary>
/// <c>lanyard config check</c> (oauth2-proxy's <c>--config-test</c>) and <c>lanyard config convert</c>
/// (<c>--convert-config-to-alpha</c>). Both read the configuration exactly as <c>serve</c> does, with no network
/// I/O, and exit 0 or 1.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var config = new Command("config", "Check a configuration, or convert it to alpha config.");
        config.Add(Subcommand("check", "Validate the configuration (no network I/O) and print it, secrets redacted, with where each value came from.", Check));
        config.Add(Subcommand("convert", "Print the provider, upstream, header and server options as alpha config YAML (--alpha-config).", Convert));
        var options = new Command("options", "Print every oauth2-proxy option and Lanyard's own, with their status (README's table).");
        options.SetAction(parseResult => parseResult.InvocationConfiguration.Output.Write(OptionTable.Markdown()));
        config.Add(options);
        return config;
    }

    private static Command Subcommand(string name, string description, Func<BoundConfiguration, TextWriter, int> action)
    {
        var command = new Command(name, description);
        var settings = new ProxySettings();
        settings.AddTo(command);
        command.SetAction(parseResult => Run(settings, parseResult, action));
        return command;
    }

    /// <summary>Binds as <c>serve</c> does; on success runs <paramref name="action"/>, else prints every problem. Exit 0 or 1.</summary>
    public static int Run(ProxySettings settings, ParseResult parseResult, Func<BoundConfiguration, TextWriter, int> action)
    {
        BoundConfiguration bound;
        try
        {
            bound = settings.BindWithSources(parseResult);
        }
        catch (ConfigurationException e)
        {
            parseResult.InvocationConfiguration.Error.WriteLine(e.Message);
            return 1;
        }

        return action(bound, parseResult.InvocationConfiguration.Output);
    }

    public static int Check(BoundConfiguration bound, TextWriter output)
    {
        ConfigurationReport.Write(bound, output);
        return 0;
    }

    public static int Convert(BoundConfiguration bound, TextWriter output)
    {
        if (bound.Alpha is not null)
        {
            output.WriteLine("# The configuration already uses alpha config (" + bound.Alpha.SourceName + "); this is what it amounts to.");
        }

        output.Write(AlphaConfigWriter.Write(bound));
        return 0;
    }
}
