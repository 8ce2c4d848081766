-- Asks Lanyard's forward-auth endpoint about each request, from HAProxy (2.5 or later: core.httpclient).
--   http-request lua.lanyard-auth "http://127.0.0.1:4180/oauth2/auth"
-- Sends the client's headers (its cookie, Authorization) with X-Original-URI and X-Original-Method naming the
-- request, then leaves the answer for haproxy.cfg to act on:
--   txn.lanyard_status   the status (202 allow, 401 sign in, 403 denied; anything else: fail closed)
--   txn.lanyard_body     the answer's body (a 403 names the rule that refused)
--   txn.lanyard_cookie   a refreshed session's Set-Cookie, for the response to the browser
-- On 202 the request's identity headers are replaced by Lanyard's; on any answer the client's own copies are
-- removed first, so a forged X-Auth-Request-Email never reaches the app.

local identity_headers = {
  "x-auth-request-user", "x-auth-request-email", "x-auth-request-groups",
  "x-auth-request-preferred-username", "x-auth-request-access-token",
  "x-forwarded-user", "x-forwarded-email", "x-forwarded-groups", "x-forwarded-preferred-username",
}

-- Hop-by-hop and body headers that belong to the client's request, not to the check.
local not_forwarded = {
  ["connection"] = true, ["content-length"] = true, ["transfer-encoding"] = true,
  ["upgrade"] = true, ["te"] = true, ["expect"] = true, ["x-original-uri"] = true, ["x-original-method"] = true,
}

core.register_action("lanyard-auth", { "http-req" }, function(txn, url)
  local headers = {}
  for name, values in pairs(txn.http:req_get_headers()) do
    local lower = string.lower(name)
    if not not_forwarded[lower] then
      local list = {}
      for i = 0, #values do list[#list + 1] = values[i] end
      headers[lower] = list
    end
  end
  headers["x-original-uri"] = { txn.sf:url() }
  headers["x-original-method"] = { txn.sf:method() }

  for _, name in ipairs(identity_headers) do
    txn.http:req_del_header(name)
  end

  local ok, answer = pcall(function()
    return core.httpclient():get({ url = url, headers = headers, timeout = 5000 })
  end)
  if not ok or answer == nil or answer.status == nil then
    txn:set_var("txn.lanyard_status", 503)
    return
  end

  txn:set_var("txn.lanyard_status", answer.status)
  txn:set_var("txn.lanyard_body", answer.body or "")
  local answered = answer.headers or {}
  if answered["set-cookie"] ~= nil and answered["set-cookie"][0] ~= nil then
    txn:set_var("txn.lanyard_cookie", answered["set-cookie"][0])
  end

  if answer.status == 202 then
    for _, name in ipairs(identity_headers) do
      local values = answered[name]
      if values ~= nil and values[0] ~= nil and values[0] ~= "" then
        txn.http:req_set_header(name, values[0])
      end
    end
  end
end, 1)
