package verticles.scheduling;

import verticles.bus.ApiError;
import verticles.bus.ErrorCode;

/** Field-level error details shared by the scheduling handlers. */
final class Ids {
  private Ids() {
  }

  /** A 400 naming one field, in the router's validation shape: details.fields = [{field, code, message}]. */
  static ApiError invalid(ErrorCode code, String field, String message) {
    return code.error(message, ApiError.fieldDetails(field, code.name(), message));
  }
}
