package org.grokmeter.cli.exec;

import org.grokmeter.UserInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The training command of {@code grokmeter sweep --exec CMD}: split into words as a POSIX shell
 * would (blanks separate words; single quotes keep everything; double quotes keep everything but
 * {@code \"}, {@code \\}, {@code \$} and {@code \`}; a backslash outside quotes keeps the next
 * character) but run without a shell, so no globbing, variables, pipes or redirections happen and
 * a parameter value is always exactly one argument. Placeholders {@code {name}} are replaced inside
 * each word after splitting; {@code {{} and {@code }}} are literal braces.
 */
public final class CommandTemplate {

  private final String text;
  private final List<String> words;

  private CommandTemplate(String text, List<String> words) {
    this.text = text;
    this.words = words;
  }

  public static CommandTemplate parse(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n') {
        if (inWord) {
          words.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
        i++;
        continue;
      }
      inWord = true;
      if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) {
          throw new UserInputException("--exec: a single quote never closes in: " + text);
        }
        w.append(text, i + 1, end);
        i = end + 1;
      } else if (c == '"') {
        i++;
        while (true) {
          if (i >= text.length()) {
            throw new UserInputException("--exec: a double quote never closes in: " + text);
          }
          char d = text.charAt(i);
          if (d == '"') {
            i++;
            break;
          }
          if (d == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
            w.append(text.charAt(i + 1));
            i += 2;
          } else {
            w.append(d);
            i++;
          }
        }
      } else if (c == '\\') {
        if (i + 1 >= text.length()) {
          throw new UserInputException("--exec: a backslash ends the command: " + text);
        }
        w.append(text.charAt(i + 1));
        i += 2;
      } else {
        w.append(c);
        i++;
      }
    }
    if (inWord) {
      words.add(w.toString());
    }
    if (words.isEmpty()) {
      throw new UserInputException("--exec: empty command");
    }
    return new CommandTemplate(text, List.copyOf(words));
  }

  public String text() {
    return text;
  }

  public List<String> words() {
    return words;
  }

  /** Every placeholder must be one of {@code known}: a typo stops the sweep before any run. */
  public void check(Set<String> known) {
    for (String w : words) {
      substitute(w, null, known);
    }
  }

  /** The argv of one run. */
  public List<String> argv(Map<String, String> values) {
    List<String> out = new ArrayList<>(words.size());
    for (String w : words) {
      out.add(substitute(w, values, values.keySet()));
    }
    return out;
  }

  private String substitute(String word, Map<String, String> values, Set<String> known) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < word.length()) {
      char c = word.charAt(i);
      if (c == '{' && i + 1 < word.length() && word.charAt(i + 1) == '{') {
        out.append('{');
        i += 2;
      } else if (c == '}' && i + 1 < word.length() && word.charAt(i + 1) == '}') {
        out.append('}');
        i += 2;
      } else if (c == '{') {
        int end = word.indexOf('}', i);
        if (end < 0) {
          throw new UserInputException("--exec: '{' without '}' in '" + word + "' (write {{ for a literal brace)");
        }
        String name = word.substring(i + 1, end);
        if (!known.contains(name)) {
          throw new UserInputException("--exec: unknown placeholder {" + name + "} (known: "
              + String.join(", ", known.stream().sorted().map(k -> "{" + k + "}").toList()) + ")");
        }
        out.append(values == null ? "" : values.get(name));
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
