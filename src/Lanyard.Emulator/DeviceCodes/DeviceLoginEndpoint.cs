using System.Text;
using Lanyard.Emulator.Endpoints;
using Lanyard.Emulator.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator.DeviceCodes;

/// <summary>
/// The emulator's <c>microsoft.com/devicelogin</c>: enter the code, pick the account (or decline), done. Like the
/// sign-in page it asks for no password; the emulator trusts whoever clicks.
/// </summary>
internal sealed class DeviceLoginEndpoint(
    EmulatorDirectory directory,
    DeviceCodeStore codes,
    ApproveDeviceCode approve,
    ILogger<DeviceLoginEndpoint> logger) : IEmulatorEndpoint
{
    public string Pattern => "/devicelogin";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get, HttpMethods.Post];

    public async Task HandleAsync(HttpContext context)
    {
        var form = HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType
            ? await context.Request.ReadFormAsync(context.RequestAborted)
            : FormCollection.Empty;
        var userCode = FormValues.First(form, "user_code");
        if (userCode is null)
        {
            await EnterCodeAsync(context, note: null);
            return;
        }

        if (codes.FindByUserCode(userCode) is not { } authorization)
        {
            await EnterCodeAsync(context, "That code is not valid, or it has expired. Check the code and try again.");
            return;
        }

        var declined = FormValues.First(form, "decline") is not null;
        var userName = FormValues.First(form, "username");
        if (!declined && userName is null)
        {
            await PickAccountAsync(context, authorization, note: null);
            return;
        }

        switch (approve.Answer(userCode, userName, approve: !declined))
        {
            case DeviceAnswer.Answered { User: { } user }:
                logger.DeviceCodeApproved(user.UserPrincipalName, authorization.ClientId);
                await DoneAsync(context, $"You have signed in to {AppName(authorization)} as {user.UserPrincipalName}. You may now close this window.");
                break;
            case DeviceAnswer.Answered:
                logger.DeviceCodeDeclined(authorization.ClientId);
                await DoneAsync(context, $"You declined to sign in to {AppName(authorization)}. You may now close this window.");
                break;
            case DeviceAnswer.Refused refused:
                await PickAccountAsync(context, authorization, refused.Reason);
                break;
        }
    }

    private string AppName(DeviceAuthorization authorization) =>
        directory.FindApplication(authorization.ClientId)?.DisplayName ?? authorization.ClientId;

    private static Task EnterCodeAsync(HttpContext context, string? note)
    {
        var body = new StringBuilder("<h1>Enter code</h1><p>Enter the code displayed on your app or device.</p>");
        Note(body, note);
        body.Append("<form method=\"post\" action=\"").Append(HtmlPage.Encode(Action(context))).Append("\">")
            .Append("<input name=\"user_code\" autocomplete=\"off\" autofocus aria-label=\"Code\">")
            .Append("<button type=\"submit\">Next</button></form>");
        return HtmlPage.WriteAsync(context, StatusCodes.Status200OK, "Enter code", body.ToString());
    }

    private Task PickAccountAsync(HttpContext context, DeviceAuthorization authorization, string? note)
    {
        var body = new StringBuilder("<h1>Pick an account</h1><p>to sign in to <strong>")
            .Append(HtmlPage.Encode(AppName(authorization))).Append("</strong> on another device</p>");
        Note(body, note);
        body.Append("<form method=\"post\" action=\"").Append(HtmlPage.Encode(Action(context))).Append("\">")
            .Append("<input type=\"hidden\" name=\"user_code\" value=\"").Append(HtmlPage.Encode(authorization.UserCode)).Append("\">");
        foreach (var user in approve.Eligible(authorization))
        {
            body.Append("<button type=\"submit\" name=\"username\" value=\"").Append(HtmlPage.Encode(user.UserPrincipalName)).Append("\">")
                .Append(HtmlPage.Encode(user.DisplayName))
                .Append("<br><span class=\"email\">").Append(HtmlPage.Encode(user.UserPrincipalName)).Append("</span></button>");
        }

        body.Append("<button type=\"submit\" name=\"decline\" value=\"1\">Decline: this was not me</button></form>");
        return HtmlPage.WriteAsync(context, StatusCodes.Status200OK, "Pick an account", body.ToString());
    }

    private static Task DoneAsync(HttpContext context, string text) =>
        HtmlPage.WriteAsync(context, StatusCodes.Status200OK, "Device sign-in", $"<h1>Device sign-in</h1><p>{HtmlPage.Encode(text)}</p>");

    private static void Note(StringBuilder body, string? note)
    {
        if (note is not null)
        {
            body.Append("<p class=\"note\">").Append(HtmlPage.Encode(note)).Append("</p>");
        }
    }

    private static string Action(HttpContext context) => $"{context.Request.PathBase}{context.Request.Path}";
}
