/** JSON schemas the routes share: bounded strings, closed bodies, numeric ids. */

export const string = (min: number, max: number) => ({ type: 'string', minLength: min, maxLength: max })

/** A JSON object body with exactly these properties (all required unless `required` says otherwise). */
export const body = (properties: Record<string, object>, required = Object.keys(properties)) => ({
  body: { type: 'object', properties, required, additionalProperties: false },
})

/** An `:id` path parameter of 1 to 9 digits. */
export const idParam = {
  params: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]{1,9}$' } } },
}
