package org.grokmeter.cli.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.grokmeter.UserInputException;
import org.junit.jupiter.api.Test;

class CommandTemplateTest {

  @Test
  void splitsLikeAShellWithoutRunningOne() {
    CommandTemplate t = CommandTemplate.parse(
        "python  'my script.py' --name=\"a \\\"b\\\" $HOME\" x\\ y --glob '*' {{literal}} --lr={lr}");
    assertEquals(List.of("python", "my script.py", "--name=a \"b\" $HOME", "x y", "--glob", "*", "{{literal}}",
        "--lr={lr}"), t.words());
    // a value is one argument, whatever it holds; it is never split or expanded
    assertEquals(List.of("python", "my script.py", "--name=a \"b\" $HOME", "x y", "--glob", "*", "{literal}",
        "--lr=0.01 ; rm -rf /"), t.argv(Map.of("lr", "0.01 ; rm -rf /")));
  }

  @Test
  void mistakesAreCaughtBeforeAnyRun() {
    assertThrows(UserInputException.class, () -> CommandTemplate.parse("echo 'open"));
    assertThrows(UserInputException.class, () -> CommandTemplate.parse("echo \"open"));
    assertThrows(UserInputException.class, () -> CommandTemplate.parse("echo \\"));
    assertThrows(UserInputException.class, () -> CommandTemplate.parse("   "));
    UserInputException e = assertThrows(UserInputException.class,
        () -> CommandTemplate.parse("train --lr {lr} --wd {wd}").check(Set.of("lr", "log")));
    assertTrue(e.getMessage().contains("unknown placeholder {wd}"), e.getMessage());
    assertThrows(UserInputException.class, () -> CommandTemplate.parse("train {lr").check(Set.of("lr")));
  }
}
