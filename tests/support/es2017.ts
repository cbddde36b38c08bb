/** Syntax newer than ES2017, for checking what ships to older WeChat base libraries. */
import * as ts from 'typescript'

/** Syntax newer than ES2017 in a script, as `kind at line` strings. */
export function newerThanES2017(code: string): string[] {
  const source = ts.createSourceFile('x.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
  const found: string[] = []
  const flag = (node: ts.Node, what: string) =>
    found.push(`${what} at line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`)
  const visit = (node: ts.Node): void => {
    if (
      (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) &&
      node.questionDotToken
    )
      flag(node, '?.')
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind
      if (op === ts.SyntaxKind.QuestionQuestionToken) flag(node, '??')
      if (
        op === ts.SyntaxKind.QuestionQuestionEqualsToken ||
        op === ts.SyntaxKind.BarBarEqualsToken ||
        op === ts.SyntaxKind.AmpersandAmpersandEqualsToken
      )
        flag(node, 'logical assignment')
    }
    if (ts.isSpreadAssignment(node)) flag(node, 'object spread')
    if (ts.isBindingElement(node) && node.dotDotDotToken && ts.isObjectBindingPattern(node.parent))
      flag(node, 'object rest')
    if (ts.isPropertyDeclaration(node)) flag(node, 'class field')
    if (ts.isPrivateIdentifier(node)) flag(node, '#private')
    if (ts.isClassStaticBlockDeclaration(node)) flag(node, 'static block')
    if (ts.isForOfStatement(node) && node.awaitModifier) flag(node, 'for await')
    if (ts.isFunctionLike(node) && 'asteriskToken' in node && node.asteriskToken) {
      if (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Async) flag(node, 'async generator')
    }
    if (ts.isCatchClause(node) && !node.variableDeclaration) flag(node, 'optional catch binding')
    if (ts.isBigIntLiteral(node)) flag(node, 'bigint')
    if (ts.isNumericLiteral(node) && node.getText().includes('_')) flag(node, 'numeric separator')
    if (ts.isRegularExpressionLiteral(node)) {
      const [, body = '', flags = ''] = /^\/([\s\S]*)\/(\w*)$/.exec(node.text) || []
      if (/[sd]/.test(flags) || /\(\?<[=!]|\(\?<\w/.test(body)) flag(node, `regex ${node.text}`)
    }
    if (ts.isMetaProperty(node)) flag(node, 'import.meta')
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) flag(node, 'import()')
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}
