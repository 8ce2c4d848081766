using System.Net;
using System.Text.RegularExpressions;

namespace Lanyard.Testing;

/// <summary>The first form of a page, read the way a browser submits it: action, hidden fields, submit buttons.</summary>
public sealed partial record HtmlForm(string Action, string Method, IReadOnlyList<KeyValuePair<string, string>> Hidden, IReadOnlyList<KeyValuePair<string, string>> Buttons)
{
    public static HtmlForm Parse(string html)
    {
        var form = FormTag().Match(html);
        if (!form.Success)
        {
            throw new InvalidOperationException("The page has no form.");
        }

        var content = html[form.Index..];
        return new HtmlForm(
            WebUtility.HtmlDecode(form.Groups["action"].Value),
            form.Groups["method"].Value.ToUpperInvariant(),
            [.. HiddenInput().Matches(content).Select(m => Pair(m))],
            [.. Button().Matches(content).Select(m => Pair(m))]);
    }

    /// <summary>The fields sent when the button with <paramref name="buttonValue"/> is clicked.</summary>
    public IEnumerable<KeyValuePair<string, string>> SubmitWith(string buttonValue)
    {
        var button = Buttons.Single(b => b.Value == buttonValue);
        return [.. Hidden, button];
    }

    private static KeyValuePair<string, string> Pair(Match match) =>
        new(WebUtility.HtmlDecode(match.Groups["name"].Value), WebUtility.HtmlDecode(match.Groups["value"].Value));

    [GeneratedRegex("<form[^>]*method=\"(?<method>[^\"]*)\"[^>]*action=\"(?<action>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex FormTag();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();

    [GeneratedRegex("<button[^>]*name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Button();
}
