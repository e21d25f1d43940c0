import { expect, it } from "vitest";
import { serializeError } from "~/observability/log.server";

it("logs an error without the email addresses its message names", () => {
  const error = new Error("550 5.1.1 <ada.lovelace@example.com>: recipient rejected", { cause: new Error("to ada@example.org") });
  const logged = serializeError(error) as { type: string; message: string; stack: string; cause: { message: string } };
  expect(logged.type).toBe("Error");
  expect(logged.message).toBe("550 5.1.1 <[email]>: recipient rejected");
  expect(logged.cause.message).toBe("to [email]");
  expect(JSON.stringify(logged)).not.toContain("example.com");
});

it("logs only the last line of a Prisma error, not the call's arguments before it", () => {
  class PrismaClientValidationError extends Error {
    name = "PrismaClientValidationError";
  }
  const error = new PrismaClientValidationError(
    'Invalid `prisma.webhookEvent.create()` invocation:\n\n{ data: { body: "{\\"email\\":\\"x\\",\\"first_name\\":\\"Grace\\"}" } }\n\nArgument `shop` is missing.',
  );
  const logged = serializeError(error) as { message: string; stack: string };
  expect(logged.message).toBe("Argument `shop` is missing.");
  expect(JSON.stringify(logged)).not.toContain("Grace");
});
