/**
 * The package's root entry (`uni-session`): the whole core (the session, the
 * login journey, the platform adapter, the errors) and the requester.
 */
export * from '../auth'
export * from '../utils/request'
