/**
 * Imported first by a test of an app-harmony build: the module reads the build's platform when it loads
 * (src/auth/platform/build.ts), as uni's build would have written it in.
 */
process.env.UNI_PLATFORM = 'app-harmony'
