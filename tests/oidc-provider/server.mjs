// An independent OpenID Provider for Lanyard's generic-OIDC tests: the certified npm package oidc-provider.
// Usage: node server.mjs <port> <redirect-uri>. Prints "ready <issuer>" on stdout once listening.
// Sign-in is scripted: the login_hint names the account (alice, bob), so a client following redirects
// signs in without a page, as Lanyard's own emulator does; eve's email is unverified. Everything listens on 127.0.0.1 only.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const redirectUri = process.argv[3];
if (!port || !redirectUri) {
  console.error('usage: node server.mjs <port> <redirect-uri>');
  process.exit(2);
}

const issuer = `http://127.0.0.1:${port}`;
const accounts = {
  alice: { sub: 'alice', email: 'alice@example.test', email_verified: true, name: 'Alice Example', groups: ['admins', 'staff'] },
  bob: { sub: 'bob', email: 'bob@example.test', email_verified: true, name: 'Bob Example', groups: ['staff'] },
  // Claims alice's address without having verified it: a relying party must not take it for hers.
  eve: { sub: 'eve', email: 'alice@example.test', email_verified: false, name: 'Eve Example', groups: ['staff'] },
};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key-1', use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'lanyard',
    client_secret: 'lanyard-oidc-provider-secret',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [jwk] },
  scopes: ['openid', 'offline_access', 'email', 'profile', 'groups'],
  claims: { email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
  // Put the scopes' claims in the ID token: Lanyard, like oauth2-proxy, reads identity from it.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  issueRefreshToken: async (ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
  ttl: { AccessToken: 3600, IdToken: 3600, RefreshToken: 86400, Grant: 86400, Session: 86400, Interaction: 600, AuthorizationCode: 600 },
  findAccount: async (ctx, id) => accounts[id] && { accountId: id, claims: async () => accounts[id] },
});

// Scripted interactions: log in the account the login_hint names, then grant what was asked.
async function interact(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, session } = details;
  if (prompt.name === 'login') {
    const account = accounts[params.login_hint];
    if (!account) {
      res.statusCode = 400;
      res.end(`unknown account '${params.login_hint}'; use login_hint=alice, bob or eve`);
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: params.login_hint } }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const callback = provider.callback();
const server = createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interact(req, res).catch((error) => {
      res.statusCode = 500;
      res.end(String(error));
    });
    return;
  }
  callback(req, res);
});
server.listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
