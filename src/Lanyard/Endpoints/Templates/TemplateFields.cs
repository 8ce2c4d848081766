namespace Lanyard.Endpoints.Templates;

/// <summary>
/// The fields a template may read (<c>{{.ProviderName}}</c>), each with its kind, in a fixed order: a compiled
/// template refers to a field by its index, so rendering looks nothing up by name.
/// </summary>
internal sealed class TemplateFields
{
    private readonly List<(string Name, TemplateValueKind Kind)> _fields = [];

    public TemplateFields Add(string name, TemplateValueKind kind)
    {
        _fields.Add((name, kind));
        return this;
    }

    public int Count => _fields.Count;

    public bool TryFind(string name, out int index, out TemplateValueKind kind)
    {
        index = _fields.FindIndex(f => string.Equals(f.Name, name, StringComparison.Ordinal));
        kind = index >= 0 ? _fields[index].Kind : default;
        return index >= 0;
    }

    public int IndexOf(string name) =>
        TryFind(name, out var index, out _) ? index : throw new ArgumentException($"no template field '{name}'", nameof(name));

    public string Names => string.Join(", ", _fields.Select(f => "." + f.Name));
}
