console.log("trainer");
