using System.Text.Json;

namespace Lanyard.Emulator.Graph;

/// <summary>A group or directory role as Graph lists it among a user's memberships (§5.3).</summary>
internal sealed record DirectoryObject(string ODataType, string Id, string DisplayName, string? RoleTemplateId)
{
    public const string GroupType = "#microsoft.graph.group";
    public const string DirectoryRoleType = "#microsoft.graph.directoryRole";

    public static DirectoryObject From(EmulatorGroup group) => new(GroupType, group.ObjectId, group.DisplayName, null);

    public static DirectoryObject From(EmulatorDirectoryRole role) => new(DirectoryRoleType, role.ObjectId, role.DisplayName, role.RoleTemplateId);

    /// <param name="select">The <c>$select</c> property names, or null for the default set.</param>
    public void Write(Utf8JsonWriter w, IReadOnlySet<string>? select)
    {
        w.WriteStartObject();
        w.WriteString("@odata.type", ODataType);
        if (Selected(select, "id"))
        {
            w.WriteString("id", Id);
        }

        if (Selected(select, "displayName"))
        {
            w.WriteString("displayName", DisplayName);
        }

        if (ODataType == GroupType)
        {
            // The demo's groups are cloud security groups; these two say so, as Graph's group objects do.
            if (Selected(select, "securityEnabled"))
            {
                w.WriteBoolean("securityEnabled", true);
            }

            if (Selected(select, "mailEnabled"))
            {
                w.WriteBoolean("mailEnabled", false);
            }
        }
        else if (Selected(select, "roleTemplateId"))
        {
            w.WriteString("roleTemplateId", RoleTemplateId);
        }

        w.WriteEndObject();
    }

    private static bool Selected(IReadOnlySet<string>? select, string property) => select is null || select.Contains(property);
}
