package verticles.enrollment;

import verticles.infra.OpaqueTokens;

/**
 * Access codes of public registrations: 144 random bits as 24 base64url characters, given to the applicant
 * once (the 201 answer, the confirmation email); the database keeps only their SHA-256. With the
 * registration number and email they open the public status check for that one registration.
 */
final class AccessCodes {
  private AccessCodes() {
  }

  static String next() {
    return OpaqueTokens.next(18);
  }

  static byte[] hash(String code) {
    return OpaqueTokens.hash(code);
  }
}
