package org.grokmeter.bench.tools;

import java.util.Map;

/**
 * A tiny arithmetic expression over benchmark parameters, e.g. {@code 2*m*n*k} for a GEMM's
 * floating-point operations: numbers, names, {@code + - * /}, parentheses and unary minus.
 */
final class Expr {

  private final String text;
  private final Map<String, Double> vars;
  private int pos;

  private Expr(String text, Map<String, Double> vars) {
    this.text = text;
    this.vars = vars;
  }

  /** Evaluates {@code text} with the given variables; unknown names and bad syntax are bad input. */
  static double eval(String text, Map<String, Double> vars) {
    Expr e = new Expr(text, vars);
    double v = e.sum();
    e.skipSpace();
    if (e.pos != text.length()) {
      throw e.error("unexpected '" + text.charAt(e.pos) + "'");
    }
    return v;
  }

  private double sum() {
    double v = product();
    while (true) {
      skipSpace();
      if (eat('+')) {
        v += product();
      } else if (eat('-')) {
        v -= product();
      } else {
        return v;
      }
    }
  }

  private double product() {
    double v = unary();
    while (true) {
      skipSpace();
      if (eat('*')) {
        v *= unary();
      } else if (eat('/')) {
        v /= unary();
      } else {
        return v;
      }
    }
  }

  private double unary() {
    skipSpace();
    if (eat('-')) {
      return -unary();
    }
    if (eat('(')) {
      double v = sum();
      skipSpace();
      if (!eat(')')) {
        throw error("missing ')'");
      }
      return v;
    }
    int start = pos;
    if (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
      while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || ".eE".indexOf(text.charAt(pos)) >= 0)) {
        pos++;
      }
      return Double.parseDouble(text.substring(start, pos));
    }
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    if (start == pos) {
      throw error(pos < text.length() ? "unexpected '" + text.charAt(pos) + "'" : "unexpected end");
    }
    String name = text.substring(start, pos);
    Double v = vars.get(name);
    if (v == null) {
      throw error("no numeric parameter '" + name + "' (have " + vars.keySet() + ")");
    }
    return v;
  }

  private boolean eat(char c) {
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private BadInputException error(String what) {
    return new BadInputException("expression '" + text + "' at column " + (pos + 1) + ": " + what);
  }
}
