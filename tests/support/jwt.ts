/** An unsigned JWT with the given claims (the client never verifies signatures: the server does). */
export const unsignedJwt = (claims: object): string =>
  `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`
