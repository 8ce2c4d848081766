namespace Lanyard.Testing;

/// <summary>
/// Renders a <c>deploy/examples</c> template as envsubst does in the nginx image: each <c>${NAME}</c> given is
/// replaced, everything else (nginx's own <c>$variables</c>) is left alone. A name the file uses but the test did not
/// give fails the test, so an example cannot drift from what its test runs.
/// </summary>
public static class TemplateFile
{
    public static string Render(string path, IReadOnlyDictionary<string, string> values)
    {
        var text = File.ReadAllText(path);
        foreach (var (name, value) in values)
        {
            var placeholder = "${" + name + "}";
            if (!text.Contains(placeholder, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{path} does not use {placeholder}");
            }

            text = text.Replace(placeholder, value, StringComparison.Ordinal);
        }

        return text;
    }
}
