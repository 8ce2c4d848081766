using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Endpoints;

/// <summary>
/// The parameters of an authorize request. A POST's form wins over its query string: the sign-in page posts every
/// original parameter back as a hidden field, and a form action that still carries a query must not override it.
/// </summary>
internal sealed class AuthorizeParameters
{
    private readonly List<KeyValuePair<string, string>> _values;

    private AuthorizeParameters(List<KeyValuePair<string, string>> values) => _values = values;

    public IEnumerable<KeyValuePair<string, string>> All => _values;

    public static async Task<AuthorizeParameters> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var values = new List<KeyValuePair<string, string>>();
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            foreach (var (name, fieldValues) in form)
            {
                values.AddRange(fieldValues.Select(v => new KeyValuePair<string, string>(name, v ?? "")));
            }
        }

        var fromForm = values.Select(v => v.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, queryValues) in request.Query)
        {
            if (!fromForm.Contains(name))
            {
                values.AddRange(queryValues.Select(v => new KeyValuePair<string, string>(name, v ?? "")));
            }
        }

        return new AuthorizeParameters(values);
    }

    /// <summary>The first value of a parameter; an empty value counts as absent, as it does for Entra.</summary>
    public string? Get(string name) =>
        _values.FirstOrDefault(v => string.Equals(v.Key, name, StringComparison.Ordinal) && v.Value.Length > 0).Value;
}
